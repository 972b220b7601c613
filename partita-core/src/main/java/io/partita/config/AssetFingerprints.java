package io.partita.config;

import io.partita.model.PartitionMapping;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A hash per asset of everything that decides its data: its own definition (model text, command and
 * the scripts it runs, grain, time column, dependencies, write mode, key) and the fingerprints of
 * its upstream assets. Editing staging.sql changes staging's fingerprint and its downstream
 * assets', not raw's. Checks and comments in partita.yaml do not count: they do not change data.
 */
public final class AssetFingerprints {
  private AssetFingerprints() {}

  public static Map<String, String> of(Pipeline pipeline) {
    Map<String, String> fingerprints = new HashMap<>();
    for (AssetDefinition asset : pipeline.assets().values()) { // topological order
      StringBuilder text = new StringBuilder();
      text.append("kind=").append(asset.kind()).append('\n');
      asset.sql().ifPresent(sql -> text.append("sql=").append(sql).append('\n'));
      for (String argument : asset.command()) {
        text.append("arg=").append(argument).append('\n');
        String script = pipeline.files().files().get(argument);
        if (script != null) {
          text.append("file=").append(script).append('\n');
        }
      }
      text.append("output=").append(asset.output()).append('\n');
      text.append("grain=").append(asset.grain()).append('\n');
      text.append("time_column=").append(asset.timeColumn()).append('\n');
      text.append("write_mode=").append(asset.writeMode()).append('\n');
      text.append("unique_key=").append(asset.uniqueKey()).append('\n');
      for (Dependency dependency : asset.dependencies()) {
        text.append("dep=")
            .append(dependency.asset())
            .append(' ')
            .append(dependency.mapping().describe())
            .append(' ');
        if (!(dependency.mapping() instanceof PartitionMapping.Self)) {
          text.append(fingerprints.get(dependency.asset()));
        }
        text.append('\n');
      }
      fingerprints.put(asset.name(), sha256(text.toString()));
    }
    return fingerprints;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
