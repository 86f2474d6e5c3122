/**
 * Imported first by every entry point. node-sqlite3 runs each statement on libuv's thread pool
 * (4 threads by default), which also serves file, DNS and crypto work; a write waiting for
 * the lock occupies its thread for up to the busy timeout. One thread per database connection
 * (the writer and DATABASE_POOL_SIZE readers) plus libuv's default 4 keeps reads and /healthz
 * answering meanwhile. libuv reads the variable when its pool first starts, so this must run
 * before any asynchronous I/O; an explicit UV_THREADPOOL_SIZE wins.
 */
const readers = Number(process.env.DATABASE_POOL_SIZE) || 4;
process.env.UV_THREADPOOL_SIZE ||= String(Math.min(1024, 1 + readers + 4));
