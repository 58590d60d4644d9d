// The ChatAdapter contract run against the Slack adapter: a real Bolt App (HTTP mode) against the local fake Slack.
import { chatAdapterContract } from './contract.js';
import { slackHarness } from './slack-harness.js';

chatAdapterContract('slack', slackHarness);
