/**
 * The line configuration a plant engineer writes (YAML): sites, PLCs and brokers, stations and
 * their signals, devices, outbox and serial settings, read into immutable records. A wrong value
 * fails at start with its key path and the problem ({@link
 * org.unitrace.edge.config.ConfigException}).
 */
package org.unitrace.edge.config;
