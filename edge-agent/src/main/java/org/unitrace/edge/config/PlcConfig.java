package org.unitrace.edge.config;

import java.time.Duration;
import org.unitrace.line.opcua.OpcUaSecurity;

/**
 * One PLC the agent reads over OPC UA. Sampling and publishing intervals and the queue size are per
 * PLC: a queue larger than one keeps every change made between two publishes.
 */
public record PlcConfig(
    String name,
    String endpoint,
    OpcUaSecurity security,
    Duration samplingInterval,
    Duration publishingInterval,
    int queueSize,
    Duration maxReconnectBackoff) {}
