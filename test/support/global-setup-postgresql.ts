/** The postgresql project's globalSetup: a module of its own, so that jest runs it beside the sqlite one's. */
export { default } from './global-setup';
