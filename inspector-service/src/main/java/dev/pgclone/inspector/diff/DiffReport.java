package dev.pgclone.inspector.diff;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.contracts.Json;
import dev.pgclone.pg.compare.DiffCategory;
import dev.pgclone.pg.compare.Fact;
import dev.pgclone.pg.compare.SchemaDiff;
import dev.pgclone.pg.compare.SchemaDiff.CategoryDiff;
import dev.pgclone.pg.compare.SchemaDiff.Modification;
import dev.pgclone.pg.compare.SchemaDiff.TableDrift;
import java.util.List;
import java.util.Map;

/**
 * A {@link SchemaDiff} in pgclone's shape: {@code schema}, {@code in_sync}, {@code diff_count}, {@code summary}
 * ({@code <category>_only_in_source}, {@code _only_in_target}, {@code _modified}), then {@code tables} (modified tables
 * with {@code columns_only_in_source}, {@code columns_only_in_target}, {@code columns_drift}), {@code indexes},
 * {@code constraints}, {@code triggers}, {@code views} and {@code sequences} (presence only). pgclone's keys come first
 * and mean what they mean there; the categories pgclone misses follow as extra keys in the same shape, and count in
 * {@code diff_count} and {@code summary}. Then {@code target_schema_exists} and {@code notes}. A modified object is
 * {@code {"name", "source_<attribute>", "target_<attribute>", …}} for every attribute compared.
 */
public final class DiffReport {

    private DiffReport() {
    }

    public static ObjectNode toJson(SchemaDiff diff) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("schema", diff.schema());
        out.put("in_sync", diff.inSync());
        out.put("diff_count", diff.count());
        ObjectNode summary = out.putObject("summary");
        summary.put("tables_only_in_source", diff.tables().onlyInSource().size());
        summary.put("tables_only_in_target", diff.tables().onlyInTarget().size());
        summary.put("tables_modified", diff.tables().modified().size());
        for (DiffCategory category : DiffCategory.values()) {
            CategoryDiff c = diff.category(category);
            summary.put(category.json() + "_only_in_source", c.onlyInSource().size());
            summary.put(category.json() + "_only_in_target", c.onlyInTarget().size());
            if (category.hasModified()) {
                summary.put(category.json() + "_modified", c.modified().size());
            }
        }
        ObjectNode tables = out.putObject("tables");
        strings(tables.putArray("only_in_source"), diff.tables().onlyInSource());
        strings(tables.putArray("only_in_target"), diff.tables().onlyInTarget());
        ArrayNode modifiedTables = tables.putArray("modified");
        for (TableDrift drift : diff.tables().modified()) {
            ObjectNode table = modifiedTables.addObject();
            table.put("name", drift.name());
            columns(table.putArray("columns_only_in_source"), drift.columnsOnlyInSource());
            columns(table.putArray("columns_only_in_target"), drift.columnsOnlyInTarget());
            ArrayNode columnsDrift = table.putArray("columns_drift");
            drift.columnsDrift().forEach(m -> modification(columnsDrift.addObject(), m));
        }
        for (DiffCategory category : DiffCategory.values()) {
            CategoryDiff c = diff.category(category);
            ObjectNode node = out.putObject(category.json());
            strings(node.putArray("only_in_source"), c.onlyInSource());
            strings(node.putArray("only_in_target"), c.onlyInTarget());
            if (category.hasModified()) {
                ArrayNode modified = node.putArray("modified");
                c.modified().forEach(m -> modification(modified.addObject(), m));
            }
        }
        out.put("target_schema_exists", diff.targetSchemaExists());
        strings(out.putArray("notes"), diff.notes());
        return out;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /** A column as pgclone lists it: {@code name}, {@code type}, {@code not_null}, {@code default}. */
    private static void columns(ArrayNode array, List<Fact> columns) {
        for (Fact column : columns) {
            ObjectNode node = array.addObject();
            node.put("name", column.name());
            column.attributes().forEach((key, value) -> node.set(key, Json.mapper().valueToTree(value)));
        }
    }

    private static void modification(ObjectNode node, Modification m) {
        node.put("name", m.name());
        for (Map.Entry<String, Object> attribute : m.source().entrySet()) {
            node.set("source_" + attribute.getKey(), Json.mapper().valueToTree(attribute.getValue()));
            node.set("target_" + attribute.getKey(), Json.mapper().valueToTree(m.target().get(attribute.getKey())));
        }
    }
}
