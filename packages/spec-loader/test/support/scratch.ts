// Throw-away spec files for the tests that prove a check can fail.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { SpecError } from '../../src/index.js';

// Every temp folder made through these helpers is removed when the importing test file ends, pass or fail.
const madeFolders: string[] = [];
afterAll(() => {
  for (const dir of madeFolders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder (its real path, symlinks resolved), removed after the test file. */
export function tempFolder(prefix: string): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  madeFolders.push(dir);
  return dir;
}

/** A temp folder holding `files` (relative name → text); returns the folder. */
export function scratchFolder(prefix: string, files: Record<string, string>): string {
  const dir = tempFolder(prefix);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The SpecError `fn` throws; anything else thrown (or nothing) fails the test. */
export function errorOf(fn: () => unknown): SpecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error('expected a SpecError');
}

/** Writes `text` to a fresh temp folder and returns the file's path. */
export function scratchSpec(name: string, text: string): string {
  const dir = tempFolder('specs-test-');
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
