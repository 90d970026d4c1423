package org.unitrace.edge.signal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UNumber;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.edge.config.PlcConfig;
import org.unitrace.edge.config.SignalBinding;
import org.unitrace.edge.config.SignalBinding.OpcUaNode;
import org.unitrace.line.DaemonThreads;
import org.unitrace.line.opcua.OpcUaConnectException;
import org.unitrace.line.opcua.OpcUaConnector;

/**
 * One PLC over OPC UA: a subscription with the configured sampling interval, publishing interval
 * and queue size, so every change between two publishes reaches the station logic in order. When
 * the session drops (network, PLC restart) the stations go to UNKNOWN and the source reconnects
 * with backoff, with a fresh session and subscription; the first values after the reconnect let the
 * station logic see which cycles completed meanwhile.
 */
public final class OpcUaSignalSource implements SignalSource {

  private static final Logger log = LoggerFactory.getLogger(OpcUaSignalSource.class);

  private final PlcConfig plc;
  private final List<OpcUaNode> nodes;
  private final Map<OpcUaNode, NodeId> resolved = new ConcurrentHashMap<>();
  private final AtomicLong reconnects = new AtomicLong();
  private final Object lock = new Object();
  private volatile OpcUaClient client;
  private volatile boolean running;
  private volatile String problem = "not connected yet";
  private SourceListener listener;
  private Thread connector;

  public OpcUaSignalSource(PlcConfig plc, Collection<OpcUaNode> nodes) {
    this.plc = plc;
    this.nodes = List.copyOf(nodes);
  }

  @Override
  public String name() {
    return plc.name();
  }

  @Override
  public void start(SourceListener listener) {
    this.listener = listener;
    running = true;
    connector = DaemonThreads.start("opcua-" + plc.name(), this::connectLoop);
  }

  private void connectLoop() {
    long backoff = 500;
    boolean first = true;
    while (running) {
      synchronized (lock) {
        if (client != null) {
          try {
            lock.wait(1_000);
          } catch (InterruptedException e) {
            return;
          }
          continue;
        }
      }
      try {
        OpcUaClient c = OpcUaConnector.connect(plc.endpoint(), plc.security());
        subscribe(c);
        if (!first) {
          reconnects.incrementAndGet();
        }
        first = false;
        problem = null;
        backoff = 500;
        log.info(
            "PLC {}: connected to {}, {} signals subscribed",
            plc.name(),
            plc.endpoint(),
            nodes.size());
      } catch (OpcUaConnectException | UaException | RuntimeException e) {
        problem = e.getMessage();
        log.warn("PLC {}: {}; retrying in {} ms", plc.name(), e.getMessage(), backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(backoff * 2, plc.maxReconnectBackoff().toMillis());
      }
    }
  }

  private void subscribe(OpcUaClient c) throws UaException {
    resolved.clear();
    var namespaces = c.getNamespaceTable();
    for (OpcUaNode n : nodes) {
      resolved.put(n, resolve(n, namespaces));
    }
    OpcUaSubscription subscription =
        new OpcUaSubscription(c, (double) plc.publishingInterval().toMillis());
    subscription.create();
    List<OpcUaMonitoredItem> items = new ArrayList<>();
    for (OpcUaNode n : nodes) {
      OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(resolved.get(n));
      item.setSamplingInterval(plc.samplingInterval().toMillis());
      item.setQueueSize(UInteger.valueOf(plc.queueSize()));
      item.setDiscardOldest(false);
      item.setDataValueListener((i, value) -> deliver(n, value));
      items.add(item);
    }
    subscription.addMonitoredItems(items);
    subscription.createMonitoredItems();
    for (OpcUaMonitoredItem item : items) {
      StatusCode result = item.getCreateResult().orElse(StatusCode.GOOD);
      if (result.isBad()) {
        c.disconnectAsync();
        throw new IllegalStateException(
            "node "
                + item.getReadValueId().getNodeId().toParseableString()
                + " cannot be monitored: "
                + result);
      }
    }
    c.addSessionActivityListener(
        new SessionActivityListener() {
          @Override
          public void onSessionInactive(UaSession session) {
            lost(c, "OPC UA session to " + plc.endpoint() + " lost");
          }
        });
    synchronized (lock) {
      client = c;
    }
  }

  private NodeId resolve(OpcUaNode n, org.eclipse.milo.opcua.stack.core.NamespaceTable ns) {
    try {
      if (n.nodeId().startsWith("nsu=")) {
        return ExpandedNodeId.parse(n.nodeId())
            .toNodeId(ns)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "PLC " + plc.name() + " has no namespace for node " + n.nodeId()));
      }
      return NodeId.parse(n.nodeId());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "PLC " + plc.name() + ": node " + n.nodeId() + " cannot be resolved: " + e.getMessage(),
          e);
    }
  }

  private void deliver(OpcUaNode n, DataValue value) {
    if (value.getStatusCode() != null && value.getStatusCode().isBad()) {
      log.warn("PLC {}: node {} reports {}", plc.name(), n.nodeId(), value.getStatusCode());
      return;
    }
    listener.onValue(n, plain(value.getValue()), sourceTime(value, Instant.now()));
  }

  /** When the PLC says the value was taken; {@code otherwise} when it does not say. */
  private static Instant sourceTime(DataValue value, Instant otherwise) {
    return value.getSourceTime() != null ? value.getSourceTime().getJavaInstant() : otherwise;
  }

  private void lost(OpcUaClient c, String reason) {
    synchronized (lock) {
      if (client != c) {
        return;
      }
      client = null;
      problem = reason;
      lock.notifyAll();
    }
    log.warn("PLC {}: {}; reconnecting", plc.name(), reason);
    c.disconnectAsync();
    listener.onDown(b -> b.source().equals(plc.name()), reason, Instant.now());
  }

  static Object plain(Variant v) {
    Object o = v == null ? null : v.getValue();
    if (o instanceof UNumber u) {
      return u.longValue();
    }
    if (o instanceof LocalizedText t) {
      return t.getText();
    }
    return o;
  }

  @Override
  public Map<SignalBinding, Object> read(Collection<SignalBinding> bindings) {
    return read(bindings, (value, now) -> plain(value.getValue()));
  }

  /** As {@link #read}, each value with the PLC's source timestamp, or the time of the read. */
  @Override
  public Map<SignalBinding, Reading> readTimed(Collection<SignalBinding> bindings) {
    return read(
        bindings, (value, now) -> new Reading(plain(value.getValue()), sourceTime(value, now)));
  }

  /** Reads the signals in one request; {@code as} makes each good value (and the read's time). */
  private <T> Map<SignalBinding, T> read(
      Collection<SignalBinding> bindings, BiFunction<DataValue, Instant, T> as) {
    OpcUaClient c = client;
    Map<SignalBinding, T> values = new HashMap<>();
    if (c == null) {
      return values;
    }
    List<SignalBinding> asked = new ArrayList<>();
    List<NodeId> ids = new ArrayList<>();
    for (SignalBinding b : bindings) {
      NodeId id = b instanceof OpcUaNode n ? resolved.get(n) : null;
      if (id != null) {
        asked.add(b);
        ids.add(id);
      }
    }
    if (ids.isEmpty()) {
      return values;
    }
    try {
      List<DataValue> read = c.readValues(0, TimestampsToReturn.Source, ids);
      Instant now = Instant.now();
      for (int i = 0; i < asked.size(); i++) {
        DataValue dv = read.get(i);
        if (dv.getStatusCode() == null || dv.getStatusCode().isGood()) {
          values.put(asked.get(i), as.apply(dv, now));
        }
      }
    } catch (UaException e) {
      log.warn("PLC {}: reading {} signals failed: {}", plc.name(), ids.size(), e.getMessage());
    }
    return values;
  }

  @Override
  public void write(SignalBinding binding, Object value) {
    OpcUaClient c = client;
    NodeId id = binding instanceof OpcUaNode n ? resolved.get(n) : null;
    if (c == null || id == null) {
      throw new IllegalStateException(
          "PLC " + plc.name() + " is not connected: cannot write " + binding.describe());
    }
    try {
      StatusCode status =
          c.writeValues(List.of(id), List.of(DataValue.valueOnly(new Variant(value)))).get(0);
      if (status.isBad()) {
        throw new IllegalStateException(
            "PLC " + plc.name() + " refused the write to " + binding.describe() + ": " + status);
      }
    } catch (UaException e) {
      throw new IllegalStateException(
          "PLC " + plc.name() + ": write to " + binding.describe() + " failed: " + e.getMessage(),
          e);
    }
  }

  @Override
  public boolean isConnected() {
    return client != null;
  }

  @Override
  public String problem() {
    return problem;
  }

  @Override
  public long reconnects() {
    return reconnects.get();
  }

  @Override
  public void close() {
    running = false;
    if (connector != null) {
      connector.interrupt();
    }
    OpcUaClient c;
    synchronized (lock) {
      c = client;
      client = null;
    }
    if (c != null) {
      try {
        c.disconnectAsync().get(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        log.debug("PLC {}: disconnect: {}", plc.name(), e.getMessage());
      }
    }
  }
}
