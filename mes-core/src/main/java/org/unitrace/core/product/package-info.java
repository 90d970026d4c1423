/**
 * Products, their revisions and each revision's bill of materials with approved alternates:
 * maintained through the API or imported from CSV and YAML files (all or nothing), fetched by edge
 * agents for the run's revision, and used by the integrity checks and by after-sales to find the
 * part that replaces what a unit was built with. Also the plain CSV reader and import error
 * reporting that the other master-data imports share.
 */
package org.unitrace.core.product;
