package io.partita.web;

/** An HTTP error with a message that is safe to show: answered as {@code {"error": message}}. */
final class ApiException extends RuntimeException {
  private final int status;

  ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static ApiException badRequest(String format, Object... args) {
    return new ApiException(400, String.format(format, args));
  }

  static ApiException notFound(String format, Object... args) {
    return new ApiException(404, String.format(format, args));
  }

  static ApiException conflict(String format, Object... args) {
    return new ApiException(409, String.format(format, args));
  }

  int status() {
    return status;
  }
}
