/**
 * Load-testing backends: a read-only source of generated objects ({@code type: synthetic}) and a
 * sink that drops what it is given ({@code type: discard}), so the orchestration can be measured
 * without any store in the way.
 */
package dev.ferry.activities.storage.synthetic;
