// Types of bin/source-digest.js, for the TypeScript that imports it (the benchmark).
export declare const DIGEST_FILE: string;
export declare function sourceDigest(root: string): string;
export declare function buildIsCurrent(root: string): boolean;
