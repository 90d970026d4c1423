package org.unitrace.edge.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.unitrace.edge.serial.SerialSettings;

/**
 * One line's edge agent, as the plant engineer's YAML file describes it (see the example); {@code
 * serials} when the agent issues serial numbers from blocks of the core.
 */
public record LineConfig(
    String site,
    String line,
    String agentId,
    CoreLink core,
    OutboxConfig outbox,
    Map<String, PlcConfig> plcs,
    Map<String, BrokerConfig> brokers,
    List<StationConfig> stations,
    Optional<SerialSettings> serials) {

  public Optional<StationConfig> station(String id) {
    return stations.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
