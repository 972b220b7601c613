package io.partita.lineage;

/** The version of Partita that is running, from the jar manifest; {@code dev} in a source build. */
public final class PartitaVersion {
  private PartitaVersion() {}

  public static String current() {
    String version = PartitaVersion.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
