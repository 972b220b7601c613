package io.partita.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates events against the official OpenLineage schemas kept in test resources
 * (spec/OpenLineage.json 2-0-2 and spec/facets/*.json, the versions openlineage-java 1.55.0 emits),
 * and each facet against the schema its {@code _schemaURL} names.
 */
final class OpenLineageSchemas {
  private static final String EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder -> builder.schemaMappers(mappers -> mappers.add(OpenLineageSchemas::local)));

  /** https://openlineage.io/spec/facets/1-0-1/X.json -> classpath:openlineage/facets/X.json. */
  private static AbsoluteIri local(AbsoluteIri iri) {
    String text = iri.toString();
    if (text.equals(EVENT)) {
      return AbsoluteIri.of("classpath:openlineage/OpenLineage.json");
    }
    if (text.startsWith("https://openlineage.io/spec/facets/")) {
      return AbsoluteIri.of(
          "classpath:openlineage/facets/" + text.substring(text.lastIndexOf('/') + 1));
    }
    if (text.startsWith("https://partita.io/spec/facets/")) {
      return AbsoluteIri.of(
          "classpath:io/partita/lineage/" + text.substring(text.lastIndexOf('/') + 1));
    }
    return null;
  }

  /** Every problem with the event: against the event schema, then each facet against its own. */
  List<String> problems(JsonNode event) {
    List<String> problems = new ArrayList<>();
    for (ValidationMessage message : factory.getSchema(SchemaLocation.of(EVENT)).validate(event)) {
      problems.add(message.toString());
    }
    facets(event.path("run").path("facets"), problems);
    facets(event.path("job").path("facets"), problems);
    for (String side : List.of("inputs", "outputs")) {
      for (JsonNode dataset : event.path(side)) {
        facets(dataset.path("facets"), problems);
        facets(dataset.path("inputFacets"), problems);
        facets(dataset.path("outputFacets"), problems);
      }
    }
    return problems;
  }

  private void facets(JsonNode facets, List<String> problems) {
    for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> facet = it.next();
      String url = facet.getValue().path("_schemaURL").asText();
      if (url.isEmpty()) {
        problems.add(facet.getKey() + " has no _schemaURL");
        continue;
      }
      for (ValidationMessage message :
          factory.getSchema(SchemaLocation.of(url)).validate(facet.getValue())) {
        problems.add(facet.getKey() + ": " + message);
      }
    }
  }
}
