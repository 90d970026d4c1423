package org.unitrace.sim.plc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.AddressSpace.ReadContext;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/** The line's address space: Objects/Line/Station/Signal, one variable per signal. */
final class PlcNamespace extends ManagedNamespaceWithLifecycle {

  private final SubscriptionModel subscriptions;
  private final String line;
  private final List<StationSim> stations;

  /** Held while a station writes a cycle and while a Read is answered: one scan per Read. */
  private final Object scan = new Object();

  PlcNamespace(OpcUaServer server, String uri, String line, List<StationSim> stations) {
    super(server, uri);
    this.line = line;
    this.stations = stations;
    this.subscriptions = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(subscriptions);
    getLifecycleManager().addStartupTask(this::createNodes);
    getLifecycleManager().addShutdownTask(() -> stations.forEach(StationSim::detach));
  }

  private void createNodes() {
    UaFolderNode lineFolder = folder(line, line);
    lineFolder.addReference(
        new Reference(
            lineFolder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
    for (StationSim st : stations) {
      String prefix = line + "." + st.id();
      UaFolderNode folder = folder(prefix, st.id());
      lineFolder.addOrganizes(folder);
      Map<String, UaVariableNode> nodes = new HashMap<>();
      st.values()
          .forEach(
              (signal, value) -> {
                Long numeric = st.spec().numericIds().get(signal);
                NodeId id =
                    numeric != null
                        ? new NodeId(getNamespaceIndex(), UInteger.valueOf(numeric))
                        : newNodeId(prefix + "." + signal);
                UaVariableNode node = variable(id, signal, value);
                folder.addOrganizes(node);
                nodes.put(signal, node);
              });
      st.mirrorTo(
          (signal, value) -> {
            UaVariableNode node = nodes.get(signal);
            if (node != null) {
              node.setValue(now(value));
            }
          },
          signal -> {
            UaVariableNode node = nodes.get(signal);
            return node == null ? null : node.getValue().getValue();
          },
          scan);
    }
  }

  private UaFolderNode folder(String id, String name) {
    UaFolderNode folder =
        new UaFolderNode(
            getNodeContext(), newNodeId(id), newQualifiedName(name), LocalizedText.english(name));
    getNodeManager().addNode(folder);
    return folder;
  }

  private UaVariableNode variable(NodeId id, String name, Variant value) {
    boolean writable = StationSim.AGENT_RESULT.equals(name) || StationSim.CYCLE_ACK.equals(name);
    UaVariableNode node =
        new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
            .setNodeId(id)
            .setBrowseName(newQualifiedName(name))
            .setDisplayName(LocalizedText.english(name))
            .setDataType(dataType(value))
            .setTypeDefinition(NodeIds.BaseDataVariableType)
            .setAccessLevel(
                writable
                    ? AccessLevel.toValue(AccessLevel.READ_WRITE)
                    : AccessLevel.toValue(AccessLevel.READ_ONLY))
            .setUserAccessLevel(
                writable
                    ? AccessLevel.toValue(AccessLevel.READ_WRITE)
                    : AccessLevel.toValue(AccessLevel.READ_ONLY))
            .setValue(now(value))
            .build();
    getNodeManager().addNode(node);
    return node;
  }

  private static final Map<Class<?>, NodeId> DATA_TYPES =
      Map.of(
          Boolean.class, NodeIds.Boolean,
          Long.class, NodeIds.Int64,
          Short.class, NodeIds.Int16,
          Double.class, NodeIds.Double);

  private static NodeId dataType(Variant v) {
    Object o = v.getValue();
    return o == null ? NodeIds.String : DATA_TYPES.getOrDefault(o.getClass(), NodeIds.String);
  }

  private static DataValue now(Variant v) {
    DateTime t = DateTime.now();
    return new DataValue(v, StatusCode.GOOD, t, t);
  }

  @Override
  public List<DataValue> read(
      ReadContext context,
      Double maxAge,
      TimestampsToReturn timestamps,
      List<ReadValueId> readValueIds) {
    synchronized (scan) {
      return super.read(context, maxAge, timestamps, readValueIds);
    }
  }

  @Override
  public void onDataItemsCreated(List<DataItem> items) {
    subscriptions.onDataItemsCreated(items);
  }

  @Override
  public void onDataItemsModified(List<DataItem> items) {
    subscriptions.onDataItemsModified(items);
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> items) {
    subscriptions.onDataItemsDeleted(items);
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> items) {
    subscriptions.onMonitoringModeChanged(items);
  }
}
