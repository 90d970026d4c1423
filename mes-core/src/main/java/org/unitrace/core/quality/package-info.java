/**
 * Quality actions on the record: holding and releasing units, recall campaigns over a forward
 * trace, and genealogy corrections. Each needs a reason and leaves an audit record.
 */
package org.unitrace.core.quality;
