/**
 * After-sales as a desk works it, across the features that serve it (sales, shipments, returns,
 * repairs, stock, stolen units): whole journeys, CSV imports and refusals, on one fixture plant.
 */
package org.unitrace.core.aftersales;
