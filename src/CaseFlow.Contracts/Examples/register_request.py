#!/usr/bin/python3
"""Registers a request with CaseFlow over RabbitMQ, as a system written in another language would (Debian: python3-pika).

Usage: register_request.py HOST PORT VHOST USER PASSWORD REQUEST_JSON
Prints the CommandResult (JSON) and exits 0 when accepted, 1 when refused, 3 when no answer came in 30 s.
USER is the integrator's RabbitMQ user (created with `caseflow integrator add USER`).
"""
import datetime
import json
import sys
import time
import uuid

import pika


def main():
    host, port, vhost, user, password, request_json = sys.argv[1:7]
    command = json.loads(request_json)
    connection = pika.BlockingConnection(pika.ConnectionParameters(
        host=host, port=int(port), virtual_host=vhost, credentials=pika.PlainCredentials(user, password)))
    channel = connection.channel()

    # The integrator's own reply queue: its name must start with integration.<user>. (the user's permissions).
    # MassTransit answers to the exchange of the same name, bound to the queue (fanout, durable).
    replies = f"integration.{user}.replies"
    channel.exchange_declare(exchange=replies, exchange_type="fanout", durable=True)
    channel.queue_declare(queue=replies, durable=True)
    channel.queue_bind(queue=replies, exchange=replies)

    message_id = str(uuid.uuid4())
    request_id = str(uuid.uuid4())
    envelope = {
        "messageId": message_id,
        "requestId": request_id,                      # correlates the answer with this question
        "conversationId": str(uuid.uuid4()),
        "destinationAddress": "exchange:CaseFlow.Contracts:RegisterRequest",
        "responseAddress": f"exchange:{replies}",     # where the CommandResult is sent
        "messageType": ["urn:message:CaseFlow.Contracts:RegisterRequest"],
        "message": command,                           # camelCase fields, dates as YYYY-MM-DD
        "sentTime": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "headers": {},
    }
    channel.basic_publish(
        exchange="CaseFlow.Contracts:RegisterRequest",   # one exchange per message type
        routing_key="",
        body=json.dumps(envelope).encode("utf-8"),
        properties=pika.BasicProperties(
            content_type="application/vnd.masstransit+json",
            message_id=message_id,
            user_id=user,                                # RabbitMQ checks it is the connection's user
            delivery_mode=2))

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        method, _, body = channel.basic_get(queue=replies, auto_ack=True)
        if method is None:
            time.sleep(0.1)
            continue
        answer = json.loads(body)
        if answer.get("requestId") != request_id:
            continue
        result = answer["message"]
        print(json.dumps(result, ensure_ascii=False))
        connection.close()
        return 0 if result["accepted"] else 1
    connection.close()
    return 3


if __name__ == "__main__":
    sys.exit(main())
