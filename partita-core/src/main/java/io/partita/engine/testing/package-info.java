/**
 * Fault injectors for the {@link io.partita.engine.Engine} SPI, kept out of the SPI package.
 *
 * <p>This is main code, not a test jar, because the failure drills ({@code partita drill
 * engine-outage}, module {@code partita-drill}) inject outages at run time in the shipped CLI.
 * Nothing in the orchestrator itself may depend on this package.
 */
package io.partita.engine.testing;
