/**
 * The {@code ferry.yaml} configuration: {@link dev.ferry.activities.config.FerryConfig} (Temporal
 * settings and storage profiles, {@code ${VAR}} interpolation), location strings ({@link
 * dev.ferry.activities.config.Location}) and the worker's {@link
 * dev.ferry.activities.config.ConfigBackendResolver}. Every problem is a {@link
 * dev.ferry.activities.config.ConfigException} with a one-line message free of secrets.
 */
package dev.ferry.activities.config;
