/**
 * The deployment files checked as an operator uses them: the compose stack, the Kubernetes
 * manifests, the Prometheus rules, the Windows service configuration, and the core against a
 * database that fails under it.
 */
package org.unitrace.core.deploy;
