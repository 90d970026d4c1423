/**
 * The broker as deployed (its configuration from {@code deploy/}): which topics an edge agent's
 * credentials may publish and subscribe to.
 */
package org.unitrace.core.security.mqtt;
