// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// Contracts for the W7 hazard blocks of the parevm workloads.

/// W7a: records BALANCE(COINBASE) as seen during the transaction. slot 0: seen.
contract CoinbaseProbe {
    uint256 public seen;

    function probe() external {
        seen = block.coinbase.balance;
    }
}

/// W7c: created by a transaction, by CREATE and by CREATE2; later transactions call ping().
/// slot 0: pings.
contract Child {
    uint256 public pings;

    event Pinged(uint256 pings);

    function ping() external returns (uint256) {
        uint256 n = pings + 1;
        pings = n;
        emit Pinged(n);
        return n;
    }
}

/// W7c: slot 0: last CREATE address, slot 1: last CREATE2 address.
contract Factory {
    address public lastCreated;
    address public lastCreated2;

    function deploy() external returns (address a) {
        a = address(new Child());
        lastCreated = a;
    }

    function deploy2(bytes32 salt) external returns (address a) {
        a = address(new Child{salt: salt}());
        lastCreated2 = a;
    }
}

/// W7d: a contract that can self-destruct (EIP-6780 from Cancun: only when created in the same
/// transaction; before Cancun: always). slot 0: pings.
contract Destructible {
    uint256 public pings;

    constructor() payable {}

    function ping() external returns (uint256) {
        pings += 1;
        return pings;
    }

    function kill(address payable beneficiary) external {
        selfdestruct(beneficiary);
    }
}

/// W7d: creates a Destructible and destroys it in the same transaction. slot 0: last address.
contract Destroyer {
    address public last;

    function createAndKill(address payable beneficiary) external payable returns (address a) {
        Destructible d = new Destructible{value: msg.value}();
        d.kill(beneficiary);
        a = address(d);
        last = a;
    }
}

/// W7d: records what an address looks like. slot 0: code size, slot 1: balance, slot 2: records made.
contract CodeProbe {
    uint256 public codeSize;
    uint256 public balance;
    uint256 public records;

    function record(address a) external {
        codeSize = a.code.length;
        balance = a.balance;
        records += 1;
    }
}

/// W7g: one storage slot (slot 0) whose SSTORE cost depends on its value at the start of the transaction.
contract Slot {
    uint256 public value;

    function set(uint256 v) external {
        value = v;
    }
}
