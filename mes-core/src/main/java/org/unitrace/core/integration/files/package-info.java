/**
 * Inbound ERP files: one Camel route per flow and source (a watched folder, an SFTP directory)
 * hands each finished CSV file to the same import the API runs ({@link
 * org.unitrace.core.imports.FileImport}), once, as the integration's identity, and moves it to
 * {@code done/} or to {@code error/} with a report naming row and field. The PostgreSQL ledger
 * ({@code integration_file}) is what makes "once" hold across instances and re-drops. See
 * docs/integration.md, "Inbound files".
 */
package org.unitrace.core.integration.files;
