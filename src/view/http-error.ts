/** A request the viewer cannot answer: its HTTP status and a message for the page. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The request names something the recording does not have: an event past the end, a node that is not there. */
export class NotFound extends HttpError {
  constructor(message: string) {
    super(404, message);
  }
}

/** The request itself is malformed: a parameter that is not a number, a filter that does not parse. */
export class BadRequest extends HttpError {
  constructor(message: string) {
    super(400, message);
  }
}
