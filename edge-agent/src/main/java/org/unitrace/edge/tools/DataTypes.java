package org.unitrace.edge.tools;

import java.util.Map;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

/** OPC UA built-in data types by name, and values printed for people. */
final class DataTypes {

  /** The built-in types of namespace 0 (OPC 10000-6, 5.1.2), by numeric id. */
  private static final Map<Integer, String> BUILT_IN =
      Map.ofEntries(
          Map.entry(1, "Boolean"),
          Map.entry(2, "SByte"),
          Map.entry(3, "Byte"),
          Map.entry(4, "Int16"),
          Map.entry(5, "UInt16"),
          Map.entry(6, "Int32"),
          Map.entry(7, "UInt32"),
          Map.entry(8, "Int64"),
          Map.entry(9, "UInt64"),
          Map.entry(10, "Float"),
          Map.entry(11, "Double"),
          Map.entry(12, "String"),
          Map.entry(13, "DateTime"),
          Map.entry(14, "Guid"),
          Map.entry(15, "ByteString"),
          Map.entry(21, "LocalizedText"),
          Map.entry(26, "Number"),
          Map.entry(27, "Integer"),
          Map.entry(28, "UInteger"),
          Map.entry(29, "Enumeration"));

  private DataTypes() {}

  /** The name of a DataType attribute's value: a built-in name, else its NodeId. */
  static String name(DataValue dataTypeAttribute) {
    if (dataTypeAttribute.getStatusCode() != null && dataTypeAttribute.getStatusCode().isBad()) {
      return "?";
    }
    Object v = dataTypeAttribute.getValue().getValue();
    return v instanceof NodeId id ? name(id) : String.valueOf(v);
  }

  static String name(NodeId type) {
    if (type.getNamespaceIndex().intValue() == 0 && type.getIdentifier() instanceof UInteger n) {
      String known = BUILT_IN.get(n.intValue());
      if (known != null) {
        return known;
      }
    }
    return type.toParseableString();
  }

  /** A status code's name from the specification, e.g. {@code Bad_NodeIdUnknown}. */
  static String status(org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode code) {
    return org.eclipse.milo.opcua.stack.core.StatusCodes.lookup(code.getValue())
        .map(names -> names[0])
        .orElse("0x%08X".formatted(code.getValue()));
  }

  /** A value as people read it; a bad status as its name. */
  static String value(DataValue value) {
    if (value.getStatusCode() != null && value.getStatusCode().isBad()) {
      return "(" + status(value.getStatusCode()) + ")";
    }
    Object v = value.getValue().getValue();
    if (v == null) {
      return "(null)";
    }
    if (v instanceof String s) {
      return '"' + s + '"';
    }
    if (v.getClass().isArray()) {
      return java.util.Arrays.deepToString(new Object[] {v}).replaceAll("^\\[|\\]$", "");
    }
    return String.valueOf(v);
  }
}
