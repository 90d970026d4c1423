/**
 * The marking station's and scanners' devices as the station logic sees them: a laser marker and
 * its verifier driven through a marking cycle, and station scanners, built from the configuration
 * over line-integration's serial and TCP drivers.
 */
package org.unitrace.edge.device;
