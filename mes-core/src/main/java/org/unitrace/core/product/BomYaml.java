package org.unitrace.core.product;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.unitrace.contract.StrictUtf8;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.imports.Where;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a BOM YAML file ({@code products: [ {partNumber, name, revisions: [ {revision, description,
 * bom: [...]} ]} ]}), keys named as in the API. The file is read as a node tree, never into
 * arbitrary objects, so every error names its line; unknown keys are errors, not ignored.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class BomYaml {

  private static final Set<String> ROOT = Set.of("products");
  private static final Set<String> PRODUCT =
      Set.of("partNumber", "name", "gtin", "family", "revisions");
  private static final Set<String> REVISION = Set.of("revision", "description", "bom");
  private static final Set<String> LINE =
      Set.of(
          "position",
          "componentPartNumber",
          "tracking",
          "station",
          "quantity",
          "required",
          "note",
          "alternates");
  private static final Set<String> ALTERNATE = Set.of("partNumber", "supplier", "note");

  private final List<RowProblem> errors;

  /**
   * The file's revisions; what cannot be read goes to {@code errors}, to be reported with the rest.
   * A file that is not YAML at all is refused at once, with the line where it breaks.
   */
  static List<RevisionImport> read(byte[] file, List<RowProblem> errors) {
    String text;
    try {
      text = StrictUtf8.decode(file);
    } catch (StrictUtf8.MalformedException e) {
      throw new ImportRejected(List.of(Where.BODY.problem(null, "the file is " + e.getMessage())));
    }
    return new BomYaml(errors).parse(text);
  }

  private List<RevisionImport> parse(String text) {
    Node root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      throw new ImportRejected(List.of(Where.row(line).problem(null, e.getProblem())));
    } catch (YAMLException e) {
      throw new ImportRejected(List.of(Where.row(1).problem(null, e.getMessage())));
    }
    List<RevisionImport> revisions = new ArrayList<>();
    if (root == null) {
      throw new ImportRejected(List.of(Where.row(1).problem(null, "the file is empty")));
    }
    Map<String, Node> top = mapping(root, ROOT, "the document");
    if (top != null && !top.containsKey("products")) {
      errors.add(at(root).problem("products", "is required"));
    }
    for (Node p : sequence(top == null ? null : top.get("products"), "products")) {
      Map<String, Node> product = mapping(p, PRODUCT, "a product");
      if (product == null) {
        continue;
      }
      String pn = scalar(product, "partNumber", p, true);
      String name = scalar(product, "name", p, false);
      String gtin = TradeItem.gtin(scalar(product, "gtin", p, false), at(p), "gtin", errors);
      String family =
          TradeItem.family(scalar(product, "family", p, false), at(p), "family", errors);
      for (Node r : sequence(product.get("revisions"), "revisions")) {
        Map<String, Node> revision = mapping(r, REVISION, "a revision");
        if (revision == null) {
          continue;
        }
        String rev = scalar(revision, "revision", r, true);
        String description = scalar(revision, "description", r, false);
        List<BomLine> lines = new ArrayList<>();
        List<Where> where = new ArrayList<>();
        for (Node l : sequence(revision.get("bom"), "bom")) {
          BomLine line = line(l);
          if (line != null) {
            lines.add(line);
            where.add(at(l));
          }
        }
        if (pn != null && rev != null) {
          revisions.add(
              new RevisionImport(
                  pn,
                  name,
                  gtin,
                  family,
                  rev,
                  description,
                  at(r),
                  lines,
                  where,
                  UnaryOperator.identity()));
        }
      }
    }
    return revisions;
  }

  private BomLine line(Node node) {
    Map<String, Node> m = mapping(node, LINE, "a BOM line");
    if (m == null) {
      return null;
    }
    List<BomLine.Alternate> alternates = new ArrayList<>();
    for (Node a : sequence(m.get("alternates"), "alternates")) {
      Map<String, Node> alt = mapping(a, ALTERNATE, "an alternate");
      if (alt != null) {
        alternates.add(
            new BomLine.Alternate(
                scalar(alt, "partNumber", a, false),
                scalar(alt, "supplier", a, false),
                scalar(alt, "note", a, false)));
      }
    }
    return new BomLine(
        scalar(m, "position", node, false),
        scalar(m, "componentPartNumber", node, false),
        scalar(m, "tracking", node, false),
        scalar(m, "station", node, false),
        quantity(m.get("quantity")),
        bool(m.get("required"), "required"),
        scalar(m, "note", node, false),
        alternates);
  }

  private BigDecimal quantity(Node node) {
    String v = scalarValue(node, "quantity");
    if (v == null) {
      return null;
    }
    try {
      return new BigDecimal(v);
    } catch (NumberFormatException e) {
      errors.add(at(node).problem("quantity", "not a number: '" + v + "'"));
      return null;
    }
  }

  private Boolean bool(Node node, String key) {
    String v = scalarValue(node, key);
    if (v == null) {
      return null;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes" -> Boolean.TRUE;
      case "false", "no" -> Boolean.FALSE;
      default -> {
        errors.add(at(node).problem(key, "must be true or false, was '" + v + "'"));
        yield null;
      }
    };
  }

  private Map<String, Node> mapping(Node node, Set<String> keys, String what) {
    if (node == null) {
      return null;
    }
    if (!(node instanceof MappingNode m)) {
      errors.add(at(node).problem(null, what + " must be a mapping of keys"));
      return null;
    }
    Map<String, Node> values = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String key =
          t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
      if (!keys.contains(key)) {
        errors.add(
            at(t.getKeyNode())
                .problem(key, "unknown key in %s; known keys are %s".formatted(what, keys)));
      } else if (values.put(key, t.getValueNode()) != null) {
        errors.add(at(t.getKeyNode()).problem(key, "appears twice"));
      }
    }
    return values;
  }

  private List<Node> sequence(Node node, String key) {
    if (node == null || isNull(node)) {
      return List.of();
    }
    if (!(node instanceof SequenceNode s)) {
      errors.add(at(node).problem(key, "must be a list"));
      return List.of();
    }
    return s.getValue();
  }

  private String scalar(Map<String, Node> m, String key, Node owner, boolean required) {
    Node node = m.get(key);
    String v = node == null ? null : scalarValue(node, key);
    if (v == null && required && (node == null || isNull(node))) {
      errors.add(at(owner).problem(key, "is required"));
    }
    return v;
  }

  private String scalarValue(Node node, String key) {
    if (node == null || isNull(node)) {
      return null;
    }
    if (!(node instanceof ScalarNode s)) {
      errors.add(at(node).problem(key, "must be a single value"));
      return null;
    }
    return s.getValue().isBlank() ? null : s.getValue().strip();
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
  }

  private static Where at(Node node) {
    return Where.row(node.getStartMark().getLine() + 1);
  }
}
