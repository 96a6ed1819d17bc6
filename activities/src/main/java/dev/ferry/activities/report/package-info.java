/**
 * The per-object report of a migration ({@code --report LOC}): the line format, the part objects
 * range activities store, and the reader that merges them.
 */
package dev.ferry.activities.report;
