/**
 * What mes-core's tests share: a core against the real PostgreSQL and broker ({@link
 * org.unitrace.core.support.CoreITSupport}, a fresh database from {@link
 * org.unitrace.core.support.TestServers}), events to post or publish, REST and JSON helpers, the
 * built jars started as processes, and a headless Chromium for the browser tests.
 */
package org.unitrace.core.support;
