package org.unitrace.edge.tools;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.LineConfigLoader;
import org.unitrace.edge.config.PlcConfig;
import org.unitrace.line.opcua.OpcUaConnector;
import org.unitrace.line.opcua.OpcUaSecurity;

/**
 * {@code browse}: walks a PLC's address space from the Objects folder (or a given node) and prints
 * each node's NodeId, browse name and, for variables, data type and current value, so plant IT can
 * find the nodes to bind in a line YAML.
 *
 * <pre>
 * browse opc.tcp://plc:4840                    anonymous, security None
 * browse line-L1.yml [plc]                     as the YAML connects (security, user, certificate)
 *   --root &lt;NodeId&gt;   start there (default: the Objects folder, without the Server object)
 *   --depth &lt;n&gt;       levels to walk (default 8)
 * </pre>
 */
final class PlcBrowse {

  private static final int MAX_NODES = 20_000;

  private final PrintStream out;
  private final OpcUaClient client;
  private final Set<NodeId> seen = new HashSet<>();
  private int printed;

  private PlcBrowse(PrintStream out, OpcUaClient client) {
    this.out = out;
    this.client = client;
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("browse: " + e.getMessage());
      err.println(
          "usage: browse <opc.tcp://host:port | line.yml> [plc] [--root <NodeId>] [--depth <n>]");
      return 2;
    }
    String endpoint;
    OpcUaSecurity security;
    if (o.target.startsWith("opc.tcp://")) {
      endpoint = o.target;
      security =
          OpcUaSecurity.of(
                  "browse",
                  Path.of(System.getProperty("java.io.tmpdir"), "unitrace-pki"),
                  "urn:unitrace:edge-agent:browse")
              .withSecurity(OpcUaSecurity.Policy.NONE, OpcUaSecurity.Mode.NONE);
    } else {
      Path file = Path.of(o.target);
      if (!Files.isRegularFile(file)) {
        err.println("browse: " + o.target + " is neither an opc.tcp:// endpoint nor a file");
        return 2;
      }
      LineConfig line;
      try {
        line = new LineConfigLoader().load(file);
      } catch (RuntimeException e) {
        err.println("browse: " + e.getMessage());
        return 2;
      }
      PlcConfig plc;
      if (o.plc != null) {
        plc = line.plcs().get(o.plc);
        if (plc == null) {
          err.println(
              "browse: "
                  + file
                  + " has no plc '"
                  + o.plc
                  + "' (plcs: "
                  + line.plcs().keySet()
                  + ")");
          return 2;
        }
      } else if (line.plcs().size() == 1) {
        plc = line.plcs().values().iterator().next();
      } else {
        err.println("browse: name one of the plcs of " + file + ": " + line.plcs().keySet());
        return 2;
      }
      endpoint = plc.endpoint();
      security = plc.security();
    }
    OpcUaClient client;
    try {
      client = OpcUaConnector.connect(endpoint, security);
    } catch (Exception e) {
      err.println("browse: cannot connect to " + endpoint + ": " + e.getMessage());
      return 1;
    }
    try {
      NodeId root;
      try {
        root = o.root == null ? NodeIds.ObjectsFolder : resolve(client, o.root);
      } catch (RuntimeException e) {
        err.println("browse: --root " + o.root + ": " + e.getMessage());
        return 2;
      }
      out.println("# " + endpoint + " from " + root.toParseableString());
      out.println(
          "# NodeId | browse name | data type | value | NodeId by namespace URI (stable across"
              + " PLC restarts: bind with this form)");
      PlcBrowse b = new PlcBrowse(out, client);
      b.walk(root, 0, o.depth, o.root != null);
      if (b.printed >= MAX_NODES) {
        out.println("# stopped after " + MAX_NODES + " nodes: start lower with --root");
      }
      return 0;
    } catch (UaException e) {
      err.println("browse: " + endpoint + " answered " + e.getMessage());
      return 1;
    } finally {
      client.disconnectAsync();
    }
  }

  /** A NodeId in any form the YAML takes, namespace URIs resolved on this server. */
  static NodeId resolve(OpcUaClient client, String nodeId) {
    if (nodeId.startsWith("nsu=")) {
      return ExpandedNodeId.parse(nodeId)
          .toNodeId(client.getNamespaceTable())
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "the server has no namespace " + nodeId.substring(4, nodeId.indexOf(';'))));
    }
    return NodeId.parse(nodeId);
  }

  private void walk(NodeId node, int level, int depth, boolean includeServer) throws UaException {
    if (level >= depth || printed >= MAX_NODES || !seen.add(node)) {
      return;
    }
    for (ReferenceDescription r : children(node)) {
      if (printed >= MAX_NODES) {
        return;
      }
      NodeId child = r.getNodeId().toNodeId(client.getNamespaceTable()).orElse(null);
      if (child == null || (!includeServer && NodeIds.Server.equals(child))) {
        continue;
      }
      String indent = "  ".repeat(level);
      String name = r.getBrowseName().toParseableString();
      String stable =
          child.getNamespaceIndex().intValue() == 0
              ? ""
              : " | " + child.expanded(client.getNamespaceTable()).toParseableString();
      if (r.getNodeClass() == NodeClass.Variable) {
        out.println(
            indent + child.toParseableString() + " | " + name + " | " + describe(child) + stable);
      } else {
        out.println(
            indent + child.toParseableString() + " | " + name + " | " + r.getNodeClass() + stable);
      }
      printed++;
      walk(child, level + 1, depth, includeServer);
    }
  }

  private List<ReferenceDescription> children(NodeId node) throws UaException {
    BrowseDescription d =
        new BrowseDescription(
            node,
            BrowseDirection.Forward,
            NodeIds.HierarchicalReferences,
            true,
            uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
            uint(BrowseResultMask.All.getValue()));
    BrowseResult result = client.browse(d);
    List<ReferenceDescription> refs = new ArrayList<>();
    if (result.getReferences() != null) {
      refs.addAll(List.of(result.getReferences()));
    }
    var next = result.getContinuationPoint();
    while (next != null && next.isNotNull()) {
      var more = client.browseNext(false, List.of(next)).getResults()[0];
      if (more.getReferences() != null) {
        refs.addAll(List.of(more.getReferences()));
      }
      next = more.getContinuationPoint();
    }
    return refs;
  }

  /** Data type and value of a variable. */
  private String describe(NodeId variable) throws UaException {
    DataValue[] values =
        client
            .read(
                0,
                TimestampsToReturn.Neither,
                List.of(
                    new ReadValueId(variable, AttributeId.DataType.uid(), null, null),
                    new ReadValueId(variable, AttributeId.Value.uid(), null, null)))
            .getResults();
    if (values == null || values.length < 2) {
      return "? | ?";
    }
    return DataTypes.name(values[0]) + " | " + DataTypes.value(values[1]);
  }

  private record Options(String target, String plc, String root, int depth) {
    static Options parse(List<String> args) {
      String target = null;
      String plc = null;
      String root = null;
      int depth = 8;
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "--root" -> root = value(args, ++i, a);
          case "--depth" -> {
            try {
              depth = Integer.parseInt(value(args, ++i, a));
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--depth takes a whole number");
            }
          }
          default -> {
            if (a.startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + a);
            } else if (target == null) {
              target = a;
            } else if (plc == null) {
              plc = a;
            } else {
              throw new IllegalArgumentException("unexpected argument " + a);
            }
          }
        }
      }
      if (target == null) {
        throw new IllegalArgumentException("name an endpoint or a line YAML");
      }
      return new Options(target, plc, root, depth);
    }

    private static String value(List<String> args, int i, String option) {
      if (i >= args.size()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args.get(i);
    }
  }
}
