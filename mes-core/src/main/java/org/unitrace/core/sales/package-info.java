/**
 * Who bought what: customers with their addresses, sales by serial (order number, order line,
 * customer, date), each product's warranty policy and the warranty a given unit has today.
 */
package org.unitrace.core.sales;
