// Validators compiled ahead of time, keyed by schema $id. Empty in the sources, where each schema
// is compiled on its first use; bin/build.js replaces this module in dist/ with the standalone
// validators of every schema in schemas/ (standaloneValidators), so the compiled CLI compiles none.
import type { ValidateFunction } from 'ajv/dist/2020.js';

export const PRECOMPILED: Readonly<Record<string, ValidateFunction>> = {};
