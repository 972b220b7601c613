package io.partita.state;

/** What another process asked a running run to do; the run's own process acts on it. */
public enum ControlRequest {
  NONE,
  PAUSE,
  CANCEL
}
