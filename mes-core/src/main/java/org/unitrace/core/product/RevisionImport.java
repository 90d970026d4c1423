package org.unitrace.core.product;

import java.util.List;
import java.util.function.UnaryOperator;
import org.unitrace.core.imports.Where;

/**
 * One revision's complete BOM as read from an import file, before it is checked: with where each
 * line came from ({@code where.get(i)} for {@code lines.get(i)}) and how the file names the fields.
 * {@code gtin} is already checked and 14 digits (null when the file gives none or a wrong one).
 */
record RevisionImport(
    String partNumber,
    String productName,
    String gtin,
    String family,
    String revision,
    String description,
    Where at,
    List<BomLine> lines,
    List<Where> where,
    UnaryOperator<String> field) {}
