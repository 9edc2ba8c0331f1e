// Throw-away spec files for the tests that prove a check can fail.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

// Every temp folder made here is removed when this test file ends, pass or fail.
const madeFolders: string[] = [];
afterAll(() => {
  for (const dir of madeFolders) rmSync(dir, { recursive: true, force: true });
});
function removedAfterAll(dir: string): string {
  madeFolders.push(dir);
  return dir;
}

/** Writes `text` to a fresh temp folder and returns the file's path. */
export function scratchSpec(name: string, text: string): string {
  const dir = removedAfterAll(mkdtempSync(path.join(tmpdir(), 'specs-test-')));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A small spec that passes our Redocly rules; tests break one thing in it at a time. */
export const validSpecText = `openapi: 3.0.3
info:
  title: Scratch API
  version: '1'
servers:
  - url: https://api.example.com/v1
security:
  - JWT: []
tags:
  - name: Thing
    description: Things.
paths:
  /things/{thingId}:
    get:
      operationId: GetThing
      summary: Get a thing
      description: Returns a thing.
      tags: [Thing]
      parameters:
        - name: thingId
          in: path
          required: true
          schema: {type: string}
          example: th_1
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
        '404':
          description: Not Found
components:
  securitySchemes:
    JWT: {type: http, scheme: bearer}
  schemas:
    Thing:
      type: object
      x-order: {example: not-a-thing}
      required: [id]
      properties:
        id:
          type: string
          example: th_1
        size:
          type: integer
          minimum: 1
          example: 3
        note:
          type: string
          nullable: true
          example: null
      example:
        id: th_1
        size: 3
        note: null
`;
