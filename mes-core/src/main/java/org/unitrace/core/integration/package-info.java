/**
 * The edge of the business: Apache Camel routes that connect mes-core to the plant's other systems
 * (ERP file drops in {@code integration.files}; notifications and EPCIS trading partners beside
 * it). Everything here is off by default: Camel does not even start unless a flow under {@code
 * unitrace.integration} is enabled ({@link org.unitrace.core.integration.IntegrationSwitch}), and
 * every flow acts under an identity of its own that the audit log names ({@link
 * org.unitrace.core.integration.IntegrationIdentity}). See docs/integration.md.
 */
package org.unitrace.core.integration;
