import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..');
export const SEEDS_DIR = join(REPO, 'seeds');
