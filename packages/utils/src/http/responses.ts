import { type ApiResponse, makeResponse } from './types';

/** 200 with a JSON body. */
export const ok = <T>(body: T, headers?: Record<string, string>): ApiResponse<T> => makeResponse(200, body, headers);

/** 201 with a JSON body (and a Location header when given). */
export const created = <T>(body: T, location?: string): ApiResponse<T> =>
  makeResponse(201, body, location ? { Location: location } : undefined);

/** 202: accepted for asynchronous processing. */
export const accepted = <T>(body: T): ApiResponse<T> => makeResponse(202, body);

/** 204 with no body. */
export const noContent = (): ApiResponse<undefined> => makeResponse(204, undefined);

/** Any status with a JSON body. */
export const json = <T>(statusCode: number, body: T, headers?: Record<string, string>): ApiResponse<T> =>
  makeResponse(statusCode, body, headers);
