/** The demo plant started as a new user starts it, and what its dashboards then show. */
package org.unitrace.systemtests.demo;
