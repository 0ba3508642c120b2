import 'reflect-metadata';

async function main(): Promise<void> {
  console.error('back: not yet');
}

void main();
