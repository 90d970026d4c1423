/**
 * What every feature of the core stands on: configuration ({@link
 * org.unitrace.core.system.CoreProperties}), the database and the embedded servers of the demo, the
 * time-series storage choice and its policies, the query budget, the problem bodies of every error,
 * request limits, and the start-up banner.
 */
package org.unitrace.core.system;
