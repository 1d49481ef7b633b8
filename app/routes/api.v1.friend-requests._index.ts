import { json } from "@remix-run/node";
import { requestFriend } from "~/energy/operations.server";
import { apiOperation } from "~/utils/operation.server";

export const { loader, action } = apiOperation("POST", requestFriend, { body: true, answer: (request) => json(request, { status: 201 }) });
