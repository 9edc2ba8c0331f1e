import type { FieldError } from './validation.js';

/** An answer other than success, raised by a handler and rendered as the spec's `Error` object. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly fieldErrors: FieldError[] | undefined;

  constructor(statusCode: number, message: string, fieldErrors?: FieldError[]) {
    super(message);
    this.statusCode = statusCode;
    this.fieldErrors = fieldErrors;
  }
}

export const notFound = (what: string, id: string) => new HttpError(404, `${what} "${id}" not found`);
export const badRequest = (message: string, fieldErrors?: FieldError[]) => new HttpError(400, message, fieldErrors);
export const forbidden = (message: string) => new HttpError(403, message);
export const unauthorized = (message: string) => new HttpError(401, message);
