/**
 * Which instance runs which file, when several instances share one PostgreSQL database: a run
 * holds its file (known by its content) for as long as it runs, a second instance asked to run
 * the same file is told who holds it, and once the holder is gone (killed, its machine lost) the
 * next instance to run the file takes the run over. With the embedded database one process owns
 * the data directory, and so every run it has.
 */
package org.bulkresend.instance;
