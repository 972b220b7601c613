package io.partita.lineage;

import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.util.List;

/**
 * The official {@code dataQualityAssertions} facet, attached to the OUTPUT dataset: Partita's
 * checks assert on the partition it writes. The client only offers that facet for inputs, so this
 * carries the same fields and schema URL as a dataset facet.
 */
final class QualityAssertionsFacet extends OpenLineage.DefaultDatasetFacet {
  static final String NAME = "dataQualityAssertions";
  private static final URI SCHEMA_URL =
      URI.create(
          "https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet");

  private final List<OpenLineage.DataQualityAssertionsDatasetFacetAssertions> assertions;

  QualityAssertionsFacet(
      URI producer, List<OpenLineage.DataQualityAssertionsDatasetFacetAssertions> assertions) {
    super(producer, null);
    this.assertions = List.copyOf(assertions);
  }

  @Override
  public URI get_schemaURL() {
    return SCHEMA_URL;
  }

  public List<OpenLineage.DataQualityAssertionsDatasetFacetAssertions> getAssertions() {
    return assertions;
  }
}
