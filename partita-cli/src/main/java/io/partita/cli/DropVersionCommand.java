package io.partita.cli;

import io.partita.project.ProjectContext;
import io.partita.publish.VersionManager;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "drop-version",
    mixinStandardHelpOptions = true,
    description = "Drop a version that is not live.")
final class DropVersionCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Parameters(index = "0", paramLabel = "ASSET", description = "The asset, e.g. features.")
  String asset;

  @Parameters(
      index = "1",
      paramLabel = "VERSION",
      description = "The version to drop, e.g. v2 (not the live one).")
  String version;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded in the audit log.")
  String reason;

  @Override
  public Integer call() {
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      workspace.pipeline().asset(asset); // unknown asset: did-you-mean
      if (!workspace.warehouseExists()) {
        throw io.partita.PartitaException.user(
            "Asset '%s' has never been published: it has no version %s", asset, version);
      }
      new VersionManager(
              workspace.pipeline(), workspace.state(), workspace.engine(), Clock.systemUTC())
          .drop(
              asset,
              version,
              System.getProperty("user.name", "unknown"),
              Optional.ofNullable(reason));
      System.out.printf("Dropped %s %s.%n", asset, version);
      return 0;
    }
  }
}
