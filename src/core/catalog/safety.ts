// KLK5xx: entries for the codes of this range (see core/catalog/index.ts).
import type { CatalogEntry } from '../messages.ts';

export const SAFETY_MESSAGES = {} satisfies Record<string, CatalogEntry<never[]>>;
