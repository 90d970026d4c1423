/**
 * The event contract between edge agents and mes-core: one {@link org.unitrace.contract.Event}
 * envelope per fact, a payload record per {@link org.unitrace.contract.EventType}, the JSON codec
 * that reads and writes them against {@code docs/contract/events.schema.json}, and the MQTT topic
 * scheme they travel on.
 */
package org.unitrace.contract;
