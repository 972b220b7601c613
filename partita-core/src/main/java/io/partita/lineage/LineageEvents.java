package io.partita.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.partita.state.AuditCheck;
import io.partita.state.AuditInput;
import io.partita.state.AuditRecord;
import io.partita.state.RunRecord;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the OpenLineage events of a run: a START/COMPLETE pair for the run itself (job {@code
 * <project>.<kind>}) and START then COMPLETE or FAIL for every task attempt (job {@code
 * <project>.<asset>}), the latter with the run as its parent. Pure: no I/O.
 */
final class LineageEvents {
  static final String NAMESPACE = "partita";
  static final URI PRODUCER =
      URI.create("https://github.com/partita/partita/tree/" + PartitaVersion.current());

  private final OpenLineage openLineage = new OpenLineage(PRODUCER);
  private final String project;
  private final String datasetNamespace;
  private final ZoneId timezone;
  private final java.util.function.Function<String, String> datasetName;

  /**
   * @param datasetNamespace as {@link io.partita.engine.SqlDialect#lineageNamespace} names the
   *     warehouse
   * @param timezone the pipeline's partition time zone, to turn windows into instants
   */
  LineageEvents(
      String project,
      String datasetNamespace,
      ZoneId timezone,
      java.util.function.Function<String, String> datasetName) {
    this.datasetName = datasetName;
    this.project = project;
    this.datasetNamespace = datasetNamespace;
    this.timezone = timezone;
  }

  String parentJobName(RunRecord run) {
    return project + "." + run.kind().lowerName();
  }

  OpenLineage.RunEvent runEvent(RunRecord run, EventType type, Instant at) {
    OpenLineage.JobFacets jobFacets =
        openLineage
            .newJobFacetsBuilder()
            .jobType(openLineage.newJobTypeJobFacet("BATCH", "PARTITA", run.kind().name(), null))
            .build();
    return openLineage
        .newRunEventBuilder()
        .eventType(type)
        .eventTime(utc(at))
        .run(
            openLineage.newRun(LineageIds.run(run.id()), openLineage.newRunFacetsBuilder().build()))
        .job(openLineage.newJob(NAMESPACE, parentJobName(run), jobFacets))
        .inputs(List.of())
        .outputs(List.of())
        .build();
  }

  /**
   * One event of a task attempt.
   *
   * @param rows rows written (COMPLETE only)
   * @param schema the output's columns as (name, type) (COMPLETE only)
   */
  OpenLineage.RunEvent attemptEvent(
      RunRecord run,
      AuditRecord audit,
      EventType type,
      Instant at,
      Optional<Long> rows,
      List<String[]> schema,
      List<AuditCheck> checks,
      Optional<String> error) {
    OpenLineage.RunFacetsBuilder runFacets =
        openLineage
            .newRunFacetsBuilder()
            .nominalTime(
                openLineage.newNominalTimeRunFacet(
                    zoned(audit.windowStart()), zoned(audit.windowEnd())))
            .parent(
                openLineage.newParentRunFacet(
                    openLineage.newParentRunFacetRun(LineageIds.run(run.id()), null),
                    openLineage.newParentRunFacetJob(NAMESPACE, parentJobName(run), null),
                    null))
            .processing_engine(
                openLineage.newProcessingEngineRunFacet(
                    audit.engineVersion(), "partita", audit.partitaVersion()))
            .put(
                PartitaPartitionRunFacet.NAME,
                new PartitaPartitionRunFacet(
                    PRODUCER, audit.task(), audit.snapshotHash(), audit.worker()));
    error.ifPresent(
        message ->
            runFacets.errorMessage(openLineage.newErrorMessageRunFacet(message, "Java", null)));
    OpenLineage.JobFacets jobFacets =
        openLineage
            .newJobFacetsBuilder()
            .jobType(openLineage.newJobTypeJobFacet("BATCH", "PARTITA", "TASK", null))
            .build();
    List<OpenLineage.InputDataset> inputs = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (AuditInput input : audit.inputs()) {
      if (!seen.contains(input.asset())) {
        seen.add(input.asset());
        inputs.add(
            openLineage
                .newInputDatasetBuilder()
                .namespace(datasetNamespace)
                .name(datasetName.apply(input.asset()))
                .build());
      }
    }
    OpenLineage.DatasetFacetsBuilder datasetFacets = openLineage.newDatasetFacetsBuilder();
    if (!schema.isEmpty()) {
      List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
      for (String[] column : schema) {
        fields.add(
            openLineage
                .newSchemaDatasetFacetFieldsBuilder()
                .name(column[0])
                .type(column[1])
                .build());
      }
      datasetFacets.schema(openLineage.newSchemaDatasetFacet(fields));
    }
    if (!checks.isEmpty()) {
      List<OpenLineage.DataQualityAssertionsDatasetFacetAssertions> assertions = new ArrayList<>();
      for (AuditCheck check : checks) {
        assertions.add(
            openLineage
                .newDataQualityAssertionsDatasetFacetAssertionsBuilder()
                .assertion(check.name())
                .success(!check.outcome().equals("failed") && !check.outcome().equals("warned"))
                .severity(check.severity())
                .build());
      }
      datasetFacets.put(
          QualityAssertionsFacet.NAME, new QualityAssertionsFacet(PRODUCER, assertions));
    }
    OpenLineage.OutputDatasetBuilder output =
        openLineage
            .newOutputDatasetBuilder()
            .namespace(datasetNamespace)
            .name(datasetName.apply(audit.asset()))
            .facets(datasetFacets.build());
    rows.ifPresent(
        count ->
            output.outputFacets(
                openLineage
                    .newOutputDatasetOutputFacetsBuilder()
                    .outputStatistics(
                        openLineage.newOutputStatisticsOutputDatasetFacet(count, null, null))
                    .build()));
    return openLineage
        .newRunEventBuilder()
        .eventType(type)
        .eventTime(utc(at))
        .run(
            openLineage.newRun(
                LineageIds.attempt(run.id(), audit.asset(), audit.partition(), audit.attempt()),
                runFacets.build()))
        .job(openLineage.newJob(NAMESPACE, project + "." + audit.asset(), jobFacets))
        .inputs(inputs)
        .outputs(List.of(output.build()))
        .build();
  }

  private ZonedDateTime zoned(LocalDateTime time) {
    return time.atZone(timezone).withZoneSameInstant(ZoneOffset.UTC);
  }

  private static ZonedDateTime utc(Instant at) {
    return at.atZone(ZoneOffset.UTC);
  }
}
