// The ChatAdapter contract run against the Discord adapter: a real discord.js Client against the local fake Discord.
import { chatAdapterContract } from './contract.js';
import { discordHarness } from './discord-harness.js';

chatAdapterContract('discord', discordHarness);
