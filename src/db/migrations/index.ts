/** The committed migrations, in order. Listed explicitly so that compiled code and tests load the same set. */
import { Migration20261124051204 } from './Migration20261124051204';

export const migrationsList: { name: string; class: any }[] = [
  { name: 'Migration20261124051204', class: Migration20261124051204 },
];
