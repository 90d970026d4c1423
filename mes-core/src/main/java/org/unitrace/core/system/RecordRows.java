package org.unitrace.core.system;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.BeanUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * Rows as records, a component per column by name ({@code packageRef} from {@code package_ref} or
 * {@code packageref}), for queries over many rows. {@code JdbcClient.query(SomeRecord.class)} looks
 * each column up by name per row and field, and PgJDBC answers a name that is not there with a
 * thrown exception: a camelCase component costs one per row. Here the columns are found once per
 * result set; the values are converted as Spring's own mapper converts them.
 */
public final class RecordRows<R extends Record> implements RowMapper<R> {

  private final Class<R> type;
  private final Constructor<R> constructor;
  private final RecordComponent[] components;
  private final TypeDescriptor[] types;
  private ResultSet resolvedFor;
  private int[] columns;

  private RecordRows(Class<R> type) {
    this.type = type;
    this.components = type.getRecordComponents();
    this.constructor = BeanUtils.getResolvableConstructor(type);
    this.types = new TypeDescriptor[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = new TypeDescriptor(new MethodParameter(constructor, i));
    }
  }

  /** A mapper for one query's rows (it remembers that query's columns). */
  public static <R extends Record> RowMapper<R> of(Class<R> type) {
    return new RecordRows<>(type);
  }

  @Override
  public R mapRow(ResultSet rs, int rowNum) throws SQLException {
    if (rs != resolvedFor) {
      columns = resolve(rs.getMetaData());
      resolvedFor = rs;
    }
    Object[] args = new Object[components.length];
    for (int i = 0; i < args.length; i++) {
      Object value = JdbcUtils.getResultSetValue(rs, columns[i], types[i].getType());
      args[i] = DefaultConversionService.getSharedInstance().convert(value, types[i]);
    }
    return BeanUtils.instantiateClass(constructor, args);
  }

  private int[] resolve(ResultSetMetaData meta) throws SQLException {
    Map<String, Integer> byLabel = new HashMap<>();
    for (int c = meta.getColumnCount(); c >= 1; c--) {
      byLabel.put(JdbcUtils.lookupColumnName(meta, c).toLowerCase(Locale.ROOT), c);
    }
    int[] found = new int[components.length];
    for (int i = 0; i < components.length; i++) {
      String name = components[i].getName();
      Integer column = byLabel.get(name.toLowerCase(Locale.ROOT));
      if (column == null) {
        column = byLabel.get(JdbcUtils.convertPropertyNameToUnderscoreName(name));
      }
      if (column == null) {
        throw new IllegalStateException(
            "%s.%s: the query has no column %s or %s (it has %s)"
                .formatted(
                    type.getSimpleName(),
                    name,
                    name.toLowerCase(Locale.ROOT),
                    JdbcUtils.convertPropertyNameToUnderscoreName(name),
                    byLabel.keySet()));
      }
      found[i] = column;
    }
    return found;
  }
}
