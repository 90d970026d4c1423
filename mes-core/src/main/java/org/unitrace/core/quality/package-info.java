/**
 * Quality actions on the record: holding and releasing units, recall campaigns (the affected units
 * of a forward trace or a common factor, each with where it was when the campaign was made, held
 * while still ours, followed step by step to its outcome, exported for customer notification), and
 * genealogy corrections. Each needs a reason and leaves an audit record.
 */
package org.unitrace.core.quality;
